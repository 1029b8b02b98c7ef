# -*- coding: utf-8 -*-
"""Whether a patch jar fits a running JVM, checked without loading it: ``jlp verify`` against
each entry of the JVM's class path, in class path order, as the JVM's class loader looks."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os


class Fit:
    """The verdict: the objects that do not fit, and those no class path entry holds."""

    def __init__(self, problems, unchecked):
        self.problems = problems
        self.unchecked = unchecked


def check(jlp, jar, class_path, working_dir):
    """Checks JAR against the class path of a JVM that runs in WORKING_DIR.

    Each object is judged by the first entry that holds its class; an object whose class no
    entry holds (a class of the JDK, of a nested jar or of a plugin loader) is unchecked.
    """
    verdicts = {}
    names = []
    for entry in (e for e in (class_path or '').split(os.pathsep) if e):
        path = os.path.join(working_dir or '', entry)
        if not os.path.exists(path):
            continue
        for obj in jlp.verify(jar, path):
            if obj['name'] not in names:
                names.append(obj['name'])
            held = obj['ok'] or obj['hash']
            if held and obj['name'] not in verdicts:
                verdicts[obj['name']] = obj['problem'] if not obj['ok'] else None
    problems = [verdicts[n] for n in names if verdicts.get(n)]
    unchecked = [n for n in names if n not in verdicts]
    return Fit(problems, unchecked)
