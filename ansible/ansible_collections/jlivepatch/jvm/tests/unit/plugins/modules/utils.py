# -*- coding: utf-8 -*-
"""Ansible's unit-test conventions for modules: set_module_args, and exit_json/fail_json turned
into exceptions that carry the result."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible.module_utils import basic
from ansible.module_utils.common.text.converters import to_bytes


def set_module_args(args):
    """Makes ARGS the arguments the next AnsibleModule reads."""
    args = dict(args, _ansible_remote_tmp='/tmp', _ansible_keep_remote_files=False)
    basic._ANSIBLE_ARGS = to_bytes(json.dumps({'ANSIBLE_MODULE_ARGS': args}))


class AnsibleExitJson(Exception):
    """The module called exit_json; the exception's first argument is the result."""


class AnsibleFailJson(Exception):
    """The module called fail_json; the exception's first argument is the result."""


def exit_json(*args, **kwargs):
    kwargs.setdefault('changed', False)
    raise AnsibleExitJson(kwargs)


def fail_json(*args, **kwargs):
    kwargs['failed'] = True
    raise AnsibleFailJson(kwargs)
