# -*- coding: utf-8 -*-
"""Unit tests of jlivepatch.jvm.patch: its argument handling, and how it reads jlp's answers.
jlp is replaced by a script of answers here. The fleet test (ansible/tests/fleet) runs the real
jlp against real JVMs."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import json

import pytest

from ansible.module_utils import basic
from ansible_collections.jlivepatch.jvm.plugins.modules import patch
from ansible_collections.jlivepatch.jvm.tests.unit.plugins.modules.utils import (
    AnsibleExitJson, AnsibleFailJson, exit_json, fail_json, set_module_args)

JAVA = '/opt/java/bin/java'


class ScriptedJlp:
    """Answers jlp's command lines as a host with the given JVMs would."""

    def __init__(self, jvms, patches=None, answers=None):
        self.jvms = jvms
        self.patches = patches or {}
        self.answers = answers or {}
        self.calls = []

    def __call__(self, argv, **kwargs):
        args = argv[argv.index('-jar') + 2:]
        self.calls.append(args)
        verb = args[0]
        if (verb, args[1]) in self.answers:
            return self.answers[(verb, args[1])]
        if verb == 'ps':
            return 0, json.dumps({'jvms': self.jvms}), ''
        if verb == 'info':
            return 0, json.dumps({'name': 'fix-1'}), ''
        if verb == 'status':
            return 0, json.dumps({'pid': int(args[1]), 'transition': None,
                                  'patches': self.patches.get(int(args[1]), [])}), ''
        if verb in ('load', 'disable'):
            return 0, json.dumps({'pid': int(args[1]), 'state': 'patched', 'events': []}), ''
        raise AssertionError('unexpected jlp %s' % args)

    def verbs(self):
        return [call[0] for call in self.calls]


def jvm(pid, instance, name='com.acme.Service --port 80'):
    return {'pid': pid, 'name': name, 'agent': 'no', 'agentVersion': None,
            'properties': {'java.class.path': '', 'user.dir': '/', 'app.instance': instance}}


@pytest.fixture
def host(monkeypatch, tmp_path):
    """The module's exits as exceptions, a patch jar and jlp.jar on this host."""
    monkeypatch.setattr(basic.AnsibleModule, 'exit_json', exit_json)
    monkeypatch.setattr(basic.AnsibleModule, 'fail_json', fail_json)
    jar = tmp_path / 'fix-1.jar'
    jar.write_bytes(b'a patch jar')
    jlp = tmp_path / 'jlp.jar'
    jlp.write_bytes(b'jlp')

    class Host:
        def __init__(self):
            self.jar = str(jar)
            self.jlp = str(jlp)
            self.sha256 = hashlib.sha256(b'a patch jar').hexdigest()

        def run(self, scripted, **args):
            monkeypatch.setattr(basic.AnsibleModule, 'run_command', lambda module, argv, **kw:
                                scripted(argv, **kw))
            set_module_args(dict(dict(jlp=self.jlp, java=JAVA, remote_src=True), **args))
            with pytest.raises((AnsibleExitJson, AnsibleFailJson)) as raised:
                patch.main()
            return raised.value.args[0]

    return Host()


def failed(host, scripted, **args):
    result = host.run(scripted, **args)
    assert result.get('failed'), result
    return result['msg']


@pytest.mark.parametrize('args, message', [
    ({}, 'one of the following is required: pid, main_class, system_property'),
    ({'pid': 1, 'main_class': 'A'}, 'mutually exclusive: pid|main_class|system_property'),
    ({'pid': 1, 'jar': None}, 'state is present but all of the following are missing: jar'),
    ({'pid': 1, 'jar': None, 'state': 'absent'},
     'state is absent but any of the following are missing: name, jar'),
    ({'pid': 1, 'state': 'enabled'}, 'value of state must be one of: present, absent'),
    ({'pid': 1, 'timeout': '30'}, "timeout '30' must be a whole number and a unit"),
    ({'pid': 0}, 'pid 0 must be a process id, greater than 0'),
    ({'system_property': 'app.instance'}, "system_property 'app.instance' must be KEY=VALUE"),
    ({'system_property': '=2'}, "system_property '=2' must be KEY=VALUE"),
    ({'main_class': ' '}, 'main_class must not be empty'),
    ({'pid': 1, 'name': 'fix 1'}, "name 'fix 1' must be 1 to 128 letters"),
    ({'pid': 1, 'install_jlp': True}, 'install_jlp is True but all of the following are'
                                      ' missing: jlp_src'),
])
def test_bad_arguments_fail_before_jlp_runs(host, args, message):
    scripted = ScriptedJlp([jvm(42, '1')])
    given = dict(dict(jar=host.jar), **args)
    given = dict((k, v) for k, v in given.items() if v is not None)

    assert message in failed(host, scripted, **given)
    assert scripted.calls == []


def test_a_jar_that_is_not_on_the_host_fails_naming_it(host):
    scripted = ScriptedJlp([jvm(42, '1')])

    message = failed(host, scripted, jar='/nowhere/fix.jar', pid=42)

    assert message.startswith('no patch jar /nowhere/fix.jar on this host')
    assert scripted.calls == []


def test_a_name_other_than_the_jars_fails(host):
    message = failed(host, ScriptedJlp([jvm(42, '1')]), jar=host.jar, name='fix-2', pid=42)

    assert "name 'fix-2' is not the name of the patch in" in message
    assert "which is 'fix-1'" in message


def test_system_property_selects_the_matching_jvms_and_loads_into_each(host):
    scripted = ScriptedJlp([jvm(43, '2'), jvm(42, '1'), jvm(44, '2')])

    result = host.run(scripted, jar=host.jar, system_property='app.instance=2', timeout='30s')

    assert result['changed'] is True
    assert [(e['pid'], e['transition'], e['state']) for e in result['jvms']] == [
        (43, 'patched', 'enabled'), (44, 'patched', 'enabled')]
    assert ['ps', '--json', '--property', 'java.class.path', '--property', 'user.dir',
            '--property', 'app.instance'] in scripted.calls
    assert ['load', '43', host.jar, '--json', '--timeout', '30s'] in scripted.calls


def test_main_class_matches_the_class_without_its_arguments(host):
    scripted = ScriptedJlp([jvm(42, '1'), jvm(43, '1', name='other.Main')])

    result = host.run(scripted, jar=host.jar, main_class='com.acme.Service')

    assert [e['pid'] for e in result['jvms']] == [42]
    assert result['jvms'][0]['main_class'] == 'com.acme.Service'


def test_the_same_patch_from_the_same_jar_is_unchanged(host):
    loaded = {'name': 'fix-1', 'enabled': True, 'transition': False, 'sha256': host.sha256}
    scripted = ScriptedJlp([jvm(42, '1')], patches={42: [loaded]})

    result = host.run(scripted, jar=host.jar, pid=42)

    assert result['changed'] is False, result
    assert result['jvms'][0]['transition'] == 'none'
    assert 'load' not in scripted.verbs()


def test_the_same_name_from_another_jar_fails_and_loads_nothing(host):
    loaded = {'name': 'fix-1', 'enabled': True, 'transition': False, 'sha256': 'ab' * 32}
    scripted = ScriptedJlp([jvm(42, '1')], patches={42: [loaded]})

    message = failed(host, scripted, jar=host.jar, pid=42)

    assert "patch 'fix-1' is loaded there from another jar" in message
    assert 'load' not in scripted.verbs()


@pytest.mark.parametrize('enabled, reverse', [(True, 'disable'), (False, 'enable')])
def test_a_patch_in_transition_fails_with_the_command_that_reverses_it(host, enabled, reverse):
    loaded = {'name': 'fix-1', 'enabled': enabled, 'transition': True, 'sha256': host.sha256}
    scripted = ScriptedJlp([jvm(42, '1')], patches={42: [loaded]})

    message = failed(host, scripted, jar=host.jar, pid=42)

    assert "JVM 42: patch 'fix-1' is in transition" in message
    assert message.endswith("-jar %s %s 42 fix-1'" % (host.jlp, reverse))
    assert 'load' not in scripted.verbs()


def test_check_mode_loads_nothing_and_says_what_would_change(host):
    scripted = ScriptedJlp([jvm(42, '1')])

    result = host.run(scripted, jar=host.jar, pid=42, _ansible_check_mode=True)

    assert result['changed'] is True
    assert result['jvms'][0]['transition'] == 'would patch'
    assert 'load' not in scripted.verbs()


def test_no_matching_jvm_fails_unless_allowed(host):
    scripted = ScriptedJlp([jvm(42, '1')])

    assert 'no JVM on this host matches system_property' in failed(
        host, scripted, jar=host.jar, system_property='app.instance=9')
    allowed = host.run(scripted, jar=host.jar, system_property='app.instance=9',
                       allow_none=True)
    assert not allowed.get('failed') and allowed['changed'] is False


def test_a_refusal_stops_at_that_jvm_and_skips_the_next(host):
    refused = (2, '', "jlp: patch 'fix-1': method extra()Ljava/lang/String; not found\n")
    scripted = ScriptedJlp([jvm(42, '1'), jvm(43, '1')], answers={('load', '42'): refused})

    result = host.run(scripted, jar=host.jar, system_property='app.instance=1')

    assert result['failed']
    assert result['jvms'][0]['error']['kind'] == 'refused'
    assert result['jvms'][0]['error']['message'] == (
        "patch 'fix-1': method extra()Ljava/lang/String; not found")
    assert result['jvms'][1]['transition'] == 'skipped'
    assert ['load', '43'] not in [c[:2] for c in scripted.calls]


@pytest.mark.parametrize('answer', [
    (4, '', 'jlp: the patching transition is still running\n'),
    (4, json.dumps({'exit': 4, 'message': 'the patching transition is still running',
                    'pendingThreads': [{'name': 'worker-1'}]}), ''),
], ids=['stderr line', 'json object'])
def test_a_timeout_fails_and_gives_the_command_that_reverses_it(host, answer):
    in_transition = {'pid': 42, 'patches': [], 'transition': {
        'patch': 'fix-1', 'target': 'PATCHED', 'pendingThreads': [{'name': 'worker-1'}]}}
    scripted = ScriptedJlp([jvm(42, '1')], answers={('load', '42'): answer})
    statuses = iter([(0, json.dumps({'pid': 42, 'patches': []}), ''),
                     (0, json.dumps(in_transition), '')])

    def run(argv, **kwargs):
        if argv[argv.index('-jar') + 2] == 'status':
            return next(statuses)
        return scripted(argv, **kwargs)

    message = failed(host, run, jar=host.jar, pid=42, timeout='2s')

    assert "the patching transition of 'fix-1' did not complete within 2s" in message
    assert 'waiting for worker-1' in message
    assert ("reverse it with '%s -XX:TieredStopAtLevel=1 -jar %s disable 42 fix-1'"
            % (JAVA, host.jlp)) in message


def test_cannot_attach_is_reported_with_its_kind(host):
    gone = (5, '', 'jlp: no JVM with pid 42 on this host\n')
    scripted = ScriptedJlp([jvm(42, '1')], answers={('status', '42'): gone})

    result = host.run(scripted, jar=host.jar, pid=42)

    assert result['jvms'][0]['error']['kind'] == 'cannot attach'
    assert 'JVM 42: cannot attach: no JVM with pid 42 on this host' == result['msg']
