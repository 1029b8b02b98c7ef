#!/usr/bin/python
# -*- coding: utf-8 -*-

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: patch
short_description: Load a jlivepatch patch into the running JVMs of a host, or remove it
description:
  - Loads a patch jar into every selected JVM of the host with C(jlp load), or disables and
    removes it with C(jlp disable), one JVM after the other in pid order, stopping at the first
    JVM that fails.
  - Idempotent. A patch that is already enabled with the same name and the same jar (SHA-256, as
    C(jlp status --json) reports it) is left alone.
  - In check mode, nothing is loaded. Each JVM's patches are read, and the jar is checked
    against the JVM's class path with C(jlp verify).
  - A transition that does not complete within O(timeout) fails the task. It goes on in the JVM
    and stays reversible. The message gives the exact command that reverses it.
  - The JVMs must run as the user the task runs as, because attaching requires that.
version_added: 0.1.0
options:
  jar:
    description:
      - The patch jar. It is a path on the controller, which is copied to the host (into
        O(patch_dir)), unless O(remote_src=true).
      - Required with O(state=present). With O(state=absent), it gives the patch name when
        O(name) is not given.
    type: path
  remote_src:
    description: O(jar) is a path on the host, which is loaded from where it is.
    type: bool
    default: false
  name:
    description:
      - The patch name. Defaults to the name that the jar declares. When both are given, they
        must be the same.
    type: str
  state:
    description:
      - V(present) means that the patch is loaded and enabled.
      - V(absent) means that the patch is disabled and removed.
    type: str
    choices: [present, absent]
    default: present
  pid:
    description: The process id of the one JVM to patch.
    type: int
  main_class:
    description: Patch every JVM whose main class or jar, as C(jlp ps) shows it, is this.
    type: str
  system_property:
    description:
      - Patch every JVM whose system property KEY has the value VALUE. Give it as V(KEY=VALUE),
        for example V(app.instance=2).
    type: str
  allow_none:
    description: When no JVM matches, succeed without changing anything instead of failing.
    type: bool
    default: false
  timeout:
    description: How long to wait for each transition, as C(jlp --timeout), for example V(30s).
    type: str
    default: 1m
  jlp:
    description:
      - The path of C(jlp), or of C(jlp.jar), on the host. A jar is run with O(java).
      - Defaults to C(jlp) on the PATH. With O(install_jlp=true), it defaults to
        C(~/.jlivepatch/jlp.jar).
    type: str
  install_jlp:
    description: Copy the controller's O(jlp_src) to O(jlp) on the host first, if it differs.
    type: bool
    default: false
  jlp_src:
    description: The controller path of the C(jlp.jar) that O(install_jlp) copies.
    type: path
  java:
    description:
      - The java that runs C(jlp.jar), or that O(jlp) runs with (as its C(JAVA_HOME)).
      - Defaults to C(java) on the PATH.
    type: str
  patch_dir:
    description:
      - Where on the host a jar copied from the controller is kept, under its SHA-256.
      - The JVM reads it there.
    type: str
    default: ~/.jlivepatch/patches
attributes:
  check_mode:
    support: full
author:
  - jlivepatch
'''

EXAMPLES = r'''
- name: Load the fix into the JVM of instance 2
  jlivepatch.jvm.patch:
    jar: patches/fix-cve.jar
    system_property: app.instance=2
    jlp: /opt/jlivepatch/jlp.jar
    timeout: 30s

- name: Remove it from every JVM of the service
  jlivepatch.jvm.patch:
    name: fix-cve
    state: absent
    main_class: com.acme.Service
'''

RETURN = r'''
patch:
  description: The patch name.
  returned: always
  type: str
sha256:
  description: The SHA-256 digest of the jar, when one was given.
  returned: when jar is given
  type: str
jvms:
  description:
    - One entry per selected JVM, in pid order. A JVM after the first one that failed is
      skipped, with the transition V(skipped).
  returned: always
  type: list
  elements: dict
  contains:
    pid:
      description: The process id.
      type: int
    main_class:
      description: The main class or jar, as C(jlp ps) shows it.
      type: str
    state:
      description: >-
        The state of the patch in the JVM afterwards: V(enabled), V(absent), V(in transition)
        (still in transition after a timeout), V(other build) (a different jar with the same
        name is loaded), or V(unknown) (the JVM could not be asked).
      type: str
    transition:
      description: >-
        What the task did: V(patched), V(unpatched), V(none), V(would patch),
        V(would unpatch), V(timed out), V(failed) or V(skipped).
      type: str
    changed:
      description: Whether the task changed this JVM, or would in check mode.
      type: bool
    fit:
      description: >-
        In check mode, the result of checking the jar against the JVM's class path: the
        C(problems) that would make the JVM refuse it, and the C(unchecked) classes that no class
        path entry holds.
      type: dict
      returned: in check mode, when the patch would be loaded
    error:
      description: >-
        When the JVM failed, the failure from C(jlp --json): C(exit) (its exit code), C(kind)
        (error, refused, busy, timed out or cannot attach), C(message), C(pendingThreads) (after
        a timeout, the threads the transition waits for), and C(command) (the command that
        failed).
      type: dict
      returned: on failure
unknown:
  description: JVMs that could not be asked for their system properties, and were not matched.
  returned: with system_property
  type: list
  elements: int
'''

import hashlib
import os
import shutil

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.jlivepatch.jvm.plugins.module_utils import fit as fits
from ansible_collections.jlivepatch.jvm.plugins.module_utils import jvms as selection
from ansible_collections.jlivepatch.jvm.plugins.module_utils.arguments import (
    ARGUMENT_SPEC, MUTUALLY_EXCLUSIVE, REQUIRED_ONE_OF, problem)
from ansible_collections.jlivepatch.jvm.plugins.module_utils.jlp import Jlp, JlpError


def sha256(path):
    digest = hashlib.sha256()
    with open(path, 'rb') as jar:
        for block in iter(lambda: jar.read(1 << 16), b''):
            digest.update(block)
    return digest.hexdigest()


def kept_copy(jar, digest, patch_dir):
    """The jar, copied under PATCH_DIR/DIGEST/ where no later copy replaces it."""
    directory = os.path.join(os.path.expanduser(patch_dir), digest)
    target = os.path.join(directory, os.path.basename(jar))
    if not os.path.isfile(target) or sha256(target) != digest:
        os.makedirs(directory, mode=0o700, exist_ok=True)
        partial = target + '.partial'
        shutil.copyfile(jar, partial)
        os.replace(partial, target)
    return target


class Task:
    """One run of the module on one host."""

    def __init__(self, module, jlp):
        self.module = module
        self.params = module.params
        self.jlp = jlp
        self.results = []
        self.digest = None
        self.jar = None

    def patch_name(self):
        """The patch name, checked against the jar's when both are given."""
        wanted = self.params['name']
        if self.params['jar'] is None:
            return wanted
        declared = self.jlp.patch_name(self.params['jar'])
        if wanted is not None and wanted != declared:
            self.module.fail_json(msg="name '%s' is not the name of the patch in %s, which is"
                                      " '%s'; give that name, or leave name out"
                                      % (wanted, self.params['jar'], declared))
        return declared

    def selected(self):
        p = self.params
        keys = [selection.CLASS_PATH, 'user.dir']
        if p['system_property'] is not None:
            keys.append(selection.parse_property(p['system_property'])[0])
        return selection.select(self.jlp.jvms(keys), p['pid'], p['main_class'],
                                p['system_property'])

    def run(self, name):
        chosen = self.selected()
        result = {'patch': name, 'jvms': self.results, 'changed': False}
        if self.digest:
            result['sha256'] = self.digest
        if self.params['system_property'] is not None:
            result['unknown'] = chosen.unknown
        if not chosen.jvms:
            what = 'no JVM on this host matches %s' % self.selector()
            if chosen.unknown:
                what += ' (JVMs %s could not be asked)' % ', '.join(map(str, chosen.unknown))
            if self.params['allow_none']:
                result['msg'] = what
                self.module.exit_json(**result)
            self.module.fail_json(msg=what + "; check the selector with 'jlp ps', or set"
                                             " allow_none: true", **result)
        failed = None
        for jvm in chosen.jvms:
            entry = {'pid': jvm['pid'], 'main_class': selection.main_class(jvm), 'patch': name}
            self.results.append(entry)
            if failed is not None:
                entry.update(state='unknown', transition='skipped', changed=False)
                continue
            failed = self.one(jvm, name, entry)
        result['changed'] = any(e['changed'] for e in self.results)
        if failed is not None:
            self.module.fail_json(msg=failed, **result)
        result['msg'] = '%s: %s' % (name, ', '.join('JVM %d %s' % (e['pid'], e['transition'])
                                                    for e in self.results))
        self.module.exit_json(**result)

    def selector(self):
        p = self.params
        if p['pid'] is not None:
            return 'pid %d' % p['pid']
        if p['main_class'] is not None:
            return "main_class '%s'" % p['main_class']
        return "system_property '%s'" % p['system_property']

    def one(self, jvm, name, entry):
        """Brings one JVM to the state; returns the failure message, or None."""
        entry.update(state='unknown', transition='failed', changed=False)
        try:
            current = selection.patch_in(self.jlp.status(jvm['pid']), name)
            if self.params['state'] == 'present':
                return self.present(jvm, name, current, entry)
            return self.absent(jvm, name, current, entry)
        except JlpError as e:
            entry['error'] = e.as_result()
            return 'JVM %d: %s: %s' % (jvm['pid'], e.kind, e.message)

    def present(self, jvm, name, current, entry):
        pid = jvm['pid']
        if current is not None:
            if current.get('sha256') and current['sha256'] != self.digest:
                entry['state'] = 'other build'
                return ("JVM %d: patch '%s' is loaded there from another jar (SHA-256 %s, not %s);"
                        " a new build of a patch needs a new name (or replace: true)"
                        % (pid, name, current['sha256'], self.digest))
            if current['transition'] or not current['enabled']:
                entry['state'] = 'in transition'
                reverse = 'disable' if current['enabled'] else 'enable'
                return ("JVM %d: patch '%s' is in transition; follow it with '%s', reverse it"
                        " with '%s'" % (pid, name, self.jlp.command('status', pid),
                                        self.jlp.command(reverse, pid, name)))
            entry.update(state='enabled', transition='none')
            return None
        if self.module.check_mode:
            return self.would_load(jvm, entry)
        if self.jar is None:
            self.jar = (self.params['jar'] if self.params['remote_src']
                        else kept_copy(self.params['jar'], self.digest,
                                       self.params['patch_dir']))
        try:
            self.jlp.run('load', pid, self.jar, '--json', '--timeout', self.params['timeout'])
        except JlpError as e:
            return self.transition_failed(e, pid, name, 'patching', 'disable', entry)
        entry.update(state='enabled', transition='patched', changed=True)
        return None

    def would_load(self, jvm, entry):
        properties = jvm.get('properties') or {}
        verdict = fits.check(self.jlp, self.params['jar'], properties.get(selection.CLASS_PATH),
                             properties.get('user.dir'))
        entry['fit'] = {'problems': verdict.problems, 'unchecked': verdict.unchecked}
        if verdict.problems:
            entry['error'] = {'exit': 2, 'kind': 'refused', 'message': verdict.problems[0],
                              'pendingThreads': [], 'command': None}
            return 'JVM %d would refuse the patch: %s' % (jvm['pid'], '; '.join(verdict.problems))
        entry.update(state='absent', transition='would patch', changed=True)
        return None

    def absent(self, jvm, name, current, entry):
        pid = jvm['pid']
        if current is None:
            entry.update(state='absent', transition='none')
            return None
        if self.module.check_mode:
            entry.update(state='enabled', transition='would unpatch', changed=True)
            return None
        try:
            self.jlp.run('disable', pid, name, '--json', '--timeout', self.params['timeout'])
        except JlpError as e:
            return self.transition_failed(e, pid, name, 'unpatching', 'enable', entry)
        entry.update(state='absent', transition='unpatched', changed=True)
        return None

    def transition_failed(self, error, pid, name, what, reverse, entry):
        entry['error'] = error.as_result()
        if error.kind != 'timed out':
            return 'JVM %d: %s: %s' % (pid, error.kind, error.message)
        entry.update(state='in transition', transition='timed out', changed=True)
        waiting = error.pending_threads or self.pending_threads(pid)
        entry['error']['pendingThreads'] = waiting
        return ("JVM %d: the %s transition of '%s' did not complete within %s (waiting for %s);"
                " it goes on in the JVM and stays reversible: reverse it with '%s', follow it"
                " with '%s'" % (pid, what, name, self.params['timeout'],
                                ', '.join(waiting) or 'no thread', self.jlp.command(reverse, pid,
                                                                                    name),
                                self.jlp.command('status', pid)))

    def pending_threads(self, pid):
        try:
            transition = self.jlp.status(pid).get('transition') or {}
        except JlpError:
            return []
        return [t['name'] for t in transition.get('pendingThreads', [])]


def jlp_command(module):
    """``jlp`` as the parameters name it, with the java it runs with."""
    p = module.params
    java = p['java'] or module.get_bin_path('java')
    path = p['jlp'] or module.get_bin_path('jlp')
    if not path or not os.path.exists(os.path.expanduser(path)):
        module.fail_json(msg="no jlp on this host at %s: give jlp: the path of jlp or jlp.jar,"
                             " or install_jlp: true with jlp_src" % (path or 'the PATH'))
    path = os.path.expanduser(path)
    if path.endswith('.jar') and not java:
        module.fail_json(msg='no java on the PATH of this host to run %s: give java' % path)
    if java and not path.endswith('.jar'):
        module.run_command_environ_update['JAVA_HOME'] = os.path.dirname(
            os.path.dirname(os.path.realpath(java)))
    return Jlp(module.run_command, Jlp.prefix_for(path, java))


def main():
    module = AnsibleModule(argument_spec=ARGUMENT_SPEC, mutually_exclusive=MUTUALLY_EXCLUSIVE,
                           required_one_of=REQUIRED_ONE_OF,
                           required_if=[('state', 'present', ['jar']),
                                        ('state', 'absent', ['name', 'jar'], True),
                                        ('install_jlp', True, ['jlp_src'])],
                           supports_check_mode=True)
    wrong = problem(module.params)
    if wrong:
        module.fail_json(msg=wrong)
    task = Task(module, jlp_command(module))
    if module.params['jar'] is not None:
        task.digest = sha256(module.params['jar'])
    try:
        name = task.patch_name()
    except JlpError as e:
        module.fail_json(msg='%s is not a patch jar jlp can read: %s' % (module.params['jar'],
                                                                         e.message),
                         error=e.as_result())
    try:
        task.run(name)
    except JlpError as e:
        module.fail_json(msg='cannot list the JVMs of this host: %s' % e.message,
                         error=e.as_result())


if __name__ == '__main__':
    main()
