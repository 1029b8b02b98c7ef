"""The fleet roll-out, end to end: three JVMs of a small service on this machine, one per host of
an inventory whose hosts are this machine (ansible_connection: local) and pick their JVM by
system_property, and the playbooks rollout.yml and rollback.yml run by ansible-playbook.

The tests are one scenario, in this order: check mode, roll-out, second roll-out, another build
of the patch under the same name, the module installing jlp.jar, check mode of a patch the second
host refuses, its roll-out, a transition that times out, roll-back.

Environment: JLP_JAR (default dist/target/jlp.jar), JLP_JAVA (default java on the PATH),
JLP_API_JAR (the jar with io.jlivepatch.api; default boot/target/jlivepatch-boot-*.jar).
"""

import glob
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
ANSIBLE = os.path.dirname(os.path.dirname(HERE))
ROOT = os.path.dirname(ANSIBLE)
HOSTS = ['host1', 'host2', 'host3']
# Instance 2 runs the older build of the service.
BUILDS = {'1': 'app', '2': 'app-old', '3': 'app'}
READY_SECONDS = 60


def java():
    return os.environ.get('JLP_JAVA') or shutil.which('java')


def javac():
    found = os.path.join(os.path.dirname(os.path.realpath(java())), 'javac')
    return found if os.path.exists(found) else shutil.which('javac')


def jlp_jar():
    return os.environ.get('JLP_JAR') or os.path.join(ROOT, 'dist', 'target', 'jlp.jar')


def api_jar():
    if os.environ.get('JLP_API_JAR'):
        return os.environ['JLP_API_JAR']
    jars = [j for j in glob.glob(os.path.join(ROOT, 'boot', 'target', 'jlivepatch-boot-*.jar'))
            if not j.endswith(('-sources.jar', '-javadoc.jar'))]
    assert jars, 'no boot/target/jlivepatch-boot-*.jar: build the project first'
    return jars[0]


def compile_to(sources, out, class_path):
    """Compiles the sources of service/SOURCES (a build of the service, which each take
    service/instance, or a patch) into OUT."""
    os.makedirs(out)
    trees = [sources] + (['instance'] if sources in BUILDS.values() else [])
    files = [f for tree in trees for f in glob.glob(os.path.join(HERE, 'service', tree, '**',
                                                                 '*.java'), recursive=True)]
    subprocess.run([javac(), '-d', out, '-cp', class_path] + files, check=True)


def patch_jar(work, name):
    classes = os.path.join(work, name)
    compile_to(name, classes, api_jar() + os.pathsep + os.path.join(work, 'app'))
    jar = os.path.join(work, name + '.jar')
    jar_tool = os.path.join(os.path.dirname(javac()), 'jar')
    subprocess.run([jar_tool, 'cf', jar, '-C', classes, '.'], check=True)
    return jar


def jlp(*args):
    done = subprocess.run([java(), '-jar', jlp_jar()] + [str(a) for a in args],
                          capture_output=True, text=True)
    assert done.returncode == 0, 'jlp %s: %s%s' % (args, done.stdout, done.stderr)
    return json.loads(done.stdout)


def patches(pid):
    """The patch names in a JVM, each to its SHA-256 and whether it is enabled."""
    return {p['name']: (p['sha256'], p['enabled']) for p in jlp('status', pid, '--json')['patches']}


def sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


class Fleet:
    """The JVMs, one per host, and the files the playbooks run with."""

    def __init__(self, work):
        self.work = work
        self.processes = {}
        self.pids = {}
        self.inventory = os.path.join(work, 'inventory.yml')
        self.fix_greet = None
        self.fix_extra = None
        self.fix_hold = None

    def build(self):
        for build in set(BUILDS.values()):
            compile_to(build, os.path.join(self.work, build), '')
        self.fix_greet = patch_jar(self.work, 'fix-greet')
        self.fix_extra = patch_jar(self.work, 'fix-extra')
        self.fix_hold = patch_jar(self.work, 'fix-hold')
        hosts = {}
        for host, (instance, build) in zip(HOSTS, sorted(BUILDS.items())):
            hosts[host] = {'ansible_connection': 'local',
                           'ansible_python_interpreter': sys.executable,
                           'jlp_system_property': 'app.instance=' + instance}
        inventory = {'jvms': {'hosts': hosts, 'vars': {
            'jlp_path': jlp_jar(), 'jlp_java': java(), 'jlp_timeout': '30s'}}}
        with open(self.inventory, 'w') as f:
            json.dump(inventory, f)

    def start(self):
        for instance, build in sorted(BUILDS.items()):
            self.processes[instance] = subprocess.Popen(
                [java(), '-XX:+EnableDynamicAgentLoading', '-Dapp.instance=' + instance,
                 '-cp', os.path.join(self.work, build), 'fleet.Service'],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        for instance, process in sorted(self.processes.items()):
            line = process.stdout.readline()
            assert line.strip() == 'ready ' + instance, 'instance %s said %r' % (instance, line)
            self.pids[instance] = process.pid

    def stop(self):
        for process in self.processes.values():
            process.kill()
            process.wait()

    def pid(self, host):
        return self.pids[str(HOSTS.index(host) + 1)]

    def playbook(self, name, *extra):
        return self.ansible('playbook', os.path.join(ANSIBLE, name), *extra)

    def ansible(self, cli, *args):
        env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=ANSIBLE, ANSIBLE_NOCOLOR='1',
                   ANSIBLE_FORCE_COLOR='0', ANSIBLE_RETRY_FILES_ENABLED='0',
                   ANSIBLE_LOCAL_TEMP=os.path.join(self.work, 'ansible-local'),
                   ANSIBLE_REMOTE_TEMP=os.path.join(self.work, 'ansible-remote'))
        done = subprocess.run([sys.executable, '-m', 'ansible.cli.' + cli, '-i', self.inventory]
                              + list(args), capture_output=True, text=True, env=env, cwd=ROOT)
        return Run(done)


class Run:
    """One ansible-playbook run: its exit code, and what each host did, in order."""

    def __init__(self, done):
        self.rc = done.returncode
        self.output = done.stdout + done.stderr
        self.outcomes = re.findall(r'^(ok|changed|fatal|failed): \[(host\d)\]', done.stdout,
                                   re.MULTILINE)
        self.recap = {host: dict((k, int(v)) for k, v in re.findall(r'(\w+)=(\d+)', counts))
                      for host, counts in re.findall(r'^(host\d)\s+:\s+(.*)$', done.stdout,
                                                     re.MULTILINE)}
        self.batches = done.stdout.count('PLAY [')

    def result(self):
        """The module's result, as an ad-hoc run prints it: HOST | STATUS => {...}."""
        return json.loads(self.output[self.output.index('=> ') + 3:self.output.rindex('}') + 1])

    def __repr__(self):
        return 'rc %d\n%s' % (self.rc, self.output)


@pytest.fixture(scope='module')
def fleet(tmp_path_factory):
    fleet = Fleet(str(tmp_path_factory.mktemp('fleet')))
    fleet.build()
    try:
        fleet.start()
        yield fleet
    finally:
        fleet.stop()


def test_check_mode_reports_what_would_change_and_loads_nothing(fleet):
    run = fleet.playbook('rollout.yml', '--check', '-e', 'patch_jar=' + fleet.fix_greet)

    assert run.rc == 0, run
    assert run.outcomes == [('changed', h) for h in HOSTS], run
    for host in HOSTS:
        assert patches(fleet.pid(host)) == {}, host


def test_rollout_patches_every_host_in_order_canary_first(fleet):
    run = fleet.playbook('rollout.yml', '-e', 'patch_jar=' + fleet.fix_greet)

    assert run.rc == 0, run
    assert run.outcomes == [('changed', h) for h in HOSTS], run
    assert run.batches == 3, run
    for host in HOSTS:
        assert patches(fleet.pid(host)) == {'fix-greet': (sha256(fleet.fix_greet), True)}, host


def test_second_rollout_changes_nothing(fleet):
    run = fleet.playbook('rollout.yml', '-e', 'patch_jar=' + fleet.fix_greet)

    assert run.rc == 0, run
    assert run.outcomes == [('ok', h) for h in HOSTS], run
    assert all(run.recap[h]['changed'] == 0 for h in HOSTS), run


def test_another_build_under_the_same_name_stops_at_the_canary(fleet):
    rebuilt = os.path.join(fleet.work, 'rebuilt', 'fix-greet.jar')
    os.makedirs(os.path.dirname(rebuilt))
    shutil.copyfile(fleet.fix_greet, rebuilt)
    note = os.path.join(fleet.work, 'rebuilt', 'NOTE.txt')
    with open(note, 'w') as f:
        f.write('rebuilt\n')
    jar_tool = os.path.join(os.path.dirname(javac()), 'jar')
    subprocess.run([jar_tool, 'uf', rebuilt, '-C', os.path.dirname(note), 'NOTE.txt'], check=True)

    run = fleet.playbook('rollout.yml', '-e', 'patch_jar=' + rebuilt)

    assert run.rc != 0, run
    assert run.outcomes == [('fatal', 'host1')], run
    assert "patch 'fix-greet' is loaded there from another jar" in run.output, run
    for host in HOSTS:
        assert patches(fleet.pid(host)) == {'fix-greet': (sha256(fleet.fix_greet), True)}, host


def test_install_jlp_copies_jlp_jar_to_the_host_once(fleet):
    installed = os.path.join(fleet.work, 'host1', 'bin', 'jlp.jar')
    args = ('jar=%s system_property=app.instance=1 install_jlp=true jlp_src=%s jlp=%s java=%s'
            % (fleet.fix_greet, jlp_jar(), installed, java()))

    first = fleet.ansible('adhoc', 'host1', '-m', 'jlivepatch.jvm.patch', '-a', args)
    second = fleet.ansible('adhoc', 'host1', '-m', 'jlivepatch.jvm.patch', '-a', args)

    assert first.rc == 0 and 'host1 | CHANGED' in first.output, first
    assert '"jlp_installed": "%s"' % installed in first.output, first
    assert sha256(installed) == sha256(jlp_jar())
    assert second.rc == 0 and 'host1 | SUCCESS' in second.output, second
    assert '"transition": "none"' in second.output, second


def test_check_mode_finds_the_host_that_would_refuse(fleet):
    run = fleet.playbook('rollout.yml', '--check', '-e', 'patch_jar=' + fleet.fix_extra)

    assert run.rc != 0, run
    assert run.outcomes == [('changed', 'host1'), ('fatal', 'host2')], run
    assert 'would refuse the patch' in run.output and 'extra' in run.output, run
    for host in HOSTS:
        assert 'fix-extra' not in patches(fleet.pid(host)), host


def test_a_refusal_stops_the_rollout_at_that_host(fleet):
    run = fleet.playbook('rollout.yml', '-e', 'patch_jar=' + fleet.fix_extra)

    assert run.rc != 0, run
    assert run.outcomes == [('changed', 'host1'), ('fatal', 'host2')], run
    assert '"kind": "refused"' in run.output, run
    assert 'fix-extra' in patches(fleet.pid('host1'))
    assert 'fix-extra' not in patches(fleet.pid('host2'))
    assert 'fix-extra' not in patches(fleet.pid('host3')), 'the third host is untouched'
    assert 'host3' not in run.recap, run


def test_a_timed_out_transition_fails_and_names_the_command_that_reverses_it(fleet):
    pid = fleet.pid('host1')
    args = 'jar=%s pid=%d timeout=2s jlp=%s java=%s' % (fleet.fix_hold, pid, jlp_jar(), java())

    run = fleet.ansible('adhoc', 'host1', '-m', 'jlivepatch.jvm.patch', '-a', args)

    assert run.rc != 0, run
    jvm = run.result()['jvms'][0]
    assert jvm['transition'] == 'timed out' and jvm['state'] == 'in transition', run
    assert jvm['error']['kind'] == 'timed out' and 'holder' in jvm['error']['pendingThreads'], run
    command = re.search(r"reverse it with '([^']+)'", run.result()['msg']).group(1)
    assert command == '%s -XX:TieredStopAtLevel=1 -jar %s disable %d fix-hold' % (
        java(), jlp_jar(), pid), run
    assert 'fix-hold' in patches(pid), 'left in its transition'
    subprocess.run(shlex.split(command), check=True, capture_output=True)
    assert 'fix-hold' not in patches(pid)


def test_rollback_restores_every_host(fleet):
    extra = fleet.playbook('rollback.yml', '-e', 'patch_name=fix-extra')
    greet = fleet.playbook('rollback.yml', '-e', 'patch_name=fix-greet')

    assert extra.rc == 0, extra
    assert extra.outcomes == [('changed', 'host1'), ('ok', 'host2'), ('ok', 'host3')], extra
    assert greet.rc == 0, greet
    assert greet.outcomes == [('changed', h) for h in HOSTS], greet
    for host in HOSTS:
        assert patches(fleet.pid(host)) == {}, host
