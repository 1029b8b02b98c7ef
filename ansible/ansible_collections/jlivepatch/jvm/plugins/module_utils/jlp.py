# -*- coding: utf-8 -*-
"""Runs the jlivepatch command line ``jlp`` on the host and reads its answers.

What this relies on from ``jlp``:

- the exit codes of ``jlp --help``: 0 success, 1 usage or other error, 2 refused, 3 busy,
  4 timed out (the transition goes on in the JVM), 5 cannot attach;
- ``jlp ps --json [--property KEY]``: ``jvms[].pid``, ``.name``, ``.agent``, ``.properties``;
- ``jlp status PID --json``: ``patches[].name``, ``.enabled``, ``.transition``, ``.sha256``,
  ``transition.patch``, ``transition.target``, ``transition.pendingThreads[].name``;
- ``jlp info JAR --json``: ``name``;
- ``jlp verify JAR --against APP --json``: ``objects[].name``, ``.hash``, ``.ok``, ``.problem``
  (a failed object with an empty hash is a class that APP does not hold);
- a failure: ``jlp: REASON`` on stderr, or one JSON object (on stdout or stderr) whose
  ``message`` is the reason and, after a timeout, whose ``pendingThreads`` are the threads the
  transition waits for. Both forms are read; the exit code gives the kind.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import shlex

KINDS = {1: 'error', 2: 'refused', 3: 'busy', 4: 'timed out', 5: 'cannot attach'}


class JlpError(Exception):
    """A ``jlp`` command that exited with a code other than 0."""

    def __init__(self, command, rc, message, pending_threads):
        super(JlpError, self).__init__(message)
        self.command = command
        self.rc = rc
        self.kind = KINDS.get(rc, 'error')
        self.message = message
        self.pending_threads = pending_threads

    def as_result(self):
        """The error as the module returns it."""
        return {'exit': self.rc, 'kind': self.kind, 'message': self.message,
                'pendingThreads': self.pending_threads, 'command': self.command}


def json_object(text):
    """The JSON object that ``text`` is, or holds on one line; None if there is none."""
    candidates = [text.strip()] + [line.strip() for line in reversed(text.splitlines())]
    for candidate in candidates:
        if candidate.startswith('{'):
            try:
                value = json.loads(candidate)
            except ValueError:
                continue
            if isinstance(value, dict):
                return value
    return None


def failure(command, rc, out, err):
    """The JlpError of a failed command, from its JSON object if it printed one."""
    answer = json_object(out) or json_object(err) or {}
    message = answer.get('message')
    if not message:
        lines = [line for line in err.strip().splitlines() if line.strip()]
        message = lines[-1] if lines else 'jlp exited with %d and said nothing' % rc
        if message.startswith('jlp: '):
            message = message[len('jlp: '):]
    pending = answer.get('pendingThreads') or []
    return JlpError(command, rc, message, [t.get('name') if isinstance(t, dict) else t
                                           for t in pending])


class Jlp:
    """``jlp`` as the host runs it: a command prefix and the module's ``run_command``."""

    def __init__(self, run_command, prefix):
        self._run_command = run_command
        self.prefix = list(prefix)

    @staticmethod
    def prefix_for(jlp, java):
        """The command that runs ``jlp``: ``JAVA -jar JLP`` for a jar, else JLP itself."""
        if jlp.endswith('.jar'):
            return [java, '-XX:TieredStopAtLevel=1', '-jar', jlp]
        return [jlp]

    def command(self, *args):
        """The command line, quoted, for a message the operator can copy."""
        return ' '.join(shlex.quote(str(a)) for a in self.prefix + list(args))

    def run(self, *args):
        """Runs ``jlp ARGS`` and returns the JSON object it printed; raises JlpError."""
        argv = self.prefix + [str(a) for a in args]
        rc, out, err = self._run_command(argv)
        if rc != 0:
            raise failure(self.command(*args), rc, out, err)
        answer = json_object(out)
        if answer is None:
            raise JlpError(self.command(*args), 1, 'jlp printed no JSON object: %s'
                           % (out.strip() or err.strip() or 'nothing'), [])
        return answer

    def jvms(self, keys):
        """``jlp ps --json`` with the system properties KEYS of each JVM."""
        args = ['ps', '--json']
        for key in keys:
            args += ['--property', key]
        return self.run(*args)['jvms']

    def status(self, pid):
        """``jlp status PID --json``."""
        return self.run('status', pid, '--json')

    def patch_name(self, jar):
        """The name of the patch in JAR, read by ``jlp info``; checks the jar on the way."""
        return self.run('info', jar, '--json')['name']

    def verify(self, jar, against):
        """``jlp verify JAR --against AGAINST --json``: the verdict on each object."""
        argv = self.prefix + ['verify', jar, '--against', against, '--json']
        rc, out, err = self._run_command(argv)
        answer = json_object(out)
        if rc in (0, 2) and answer is not None:
            return answer['objects']
        raise failure(self.command('verify', jar, '--against', against, '--json'), rc, out, err)
