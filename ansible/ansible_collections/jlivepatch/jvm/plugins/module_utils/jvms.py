# -*- coding: utf-8 -*-
"""Which JVMs of a host a task means, from ``jlp ps --json``."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

CLASS_PATH = 'java.class.path'


def parse_property(text):
    """``KEY=VALUE`` as (KEY, VALUE); raises ValueError naming what is wrong."""
    key, equals, value = text.partition('=')
    if not equals or not key.strip():
        raise ValueError("system_property '%s' must be KEY=VALUE, for example"
                         " app.instance=2" % text)
    return key.strip(), value


def main_class(listed):
    """The main class or jar of a JVM as ``jlp ps`` shows it: its name up to the arguments."""
    return listed['name'].split(' ', 1)[0]


class Selection:
    """The JVMs a task selects, and those it could not ask about its selector."""

    def __init__(self, jvms, unknown):
        self.jvms = jvms
        self.unknown = unknown


def select(listed, pid=None, main_class_name=None, system_property=None):
    """The JVMs of ``jlp ps --json`` that the selector picks, in pid order.

    A JVM that ``jlp ps`` could not ask (agent ``unknown``) cannot be matched by its system
    properties: it is reported as unknown, never patched.
    """
    picked, unknown = [], []
    wanted = parse_property(system_property) if system_property is not None else None
    for jvm in sorted(listed, key=lambda j: j['pid']):
        if pid is not None:
            matches = jvm['pid'] == pid
        elif main_class_name is not None:
            matches = main_class(jvm) == main_class_name
        else:
            if jvm.get('agent') == 'unknown':
                unknown.append(jvm['pid'])
                continue
            matches = (jvm.get('properties') or {}).get(wanted[0]) == wanted[1]
        if matches:
            picked.append(jvm)
    return Selection(picked, unknown)


def patch_in(status, name):
    """The patch NAME of ``jlp status --json``, or None."""
    for patch in status.get('patches', []):
        if patch['name'] == name:
            return patch
    return None
