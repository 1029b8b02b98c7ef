# -*- coding: utf-8 -*-
"""The parameters of the module jlivepatch.jvm.patch, and what AnsibleModule cannot check."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re

from ansible_collections.jlivepatch.jvm.plugins.module_utils.jvms import parse_property

SELECTORS = ['pid', 'main_class', 'system_property']

ARGUMENT_SPEC = dict(
    jar=dict(type='path'),
    remote_src=dict(type='bool', default=False),
    name=dict(type='str'),
    state=dict(type='str', choices=['present', 'absent'], default='present'),
    pid=dict(type='int'),
    main_class=dict(type='str'),
    system_property=dict(type='str'),
    allow_none=dict(type='bool', default=False),
    timeout=dict(type='str', default='1m'),
    jlp=dict(type='str'),
    install_jlp=dict(type='bool', default=False),
    jlp_src=dict(type='path'),
    java=dict(type='str'),
    patch_dir=dict(type='str', default='~/.jlivepatch/patches'),
)

MUTUALLY_EXCLUSIVE = [SELECTORS]
REQUIRED_ONE_OF = [SELECTORS]

# As jlp's --timeout reads it.
DURATION = re.compile(r'^\d{1,9}(ms|s|m|h)$')
# As the engine accepts patch names.
NAME = re.compile(r'^[A-Za-z0-9._-]{1,128}$')


def problem(params):
    """What is wrong with the parameters that AnsibleModule does not check, or None."""
    if not DURATION.match(params['timeout'] or ''):
        return ("timeout '%s' must be a whole number and a unit (ms, s, m or h), for example"
                " 30s or 2m" % params['timeout'])
    if params['pid'] is not None and params['pid'] <= 0:
        return 'pid %d must be a process id, greater than 0' % params['pid']
    if params['main_class'] is not None and not params['main_class'].strip():
        return 'main_class must not be empty'
    if params['system_property'] is not None:
        try:
            parse_property(params['system_property'])
        except ValueError as e:
            return str(e)
    if params['name'] is not None and not NAME.match(params['name']):
        return ("name '%s' must be 1 to 128 letters, digits, '.', '_' or '-', as patch names"
                " are" % params['name'])
    if params['jar'] is not None and not os.path.isfile(params['jar']):
        return ('no patch jar %s on this host; give the path of a patch jar (a path on the'
                ' host with remote_src: true)' % params['jar'])
    return None
