# -*- coding: utf-8 -*-
"""The controller side of jlivepatch.jvm.patch: copies the controller's patch jar, and with
install_jlp the controller's jlp.jar, to the host, then runs the module there."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible.errors import AnsibleError
from ansible.module_utils.parsing.convert_bool import boolean
from ansible.plugins.action import ActionBase

DEFAULT_JLP = '~/.jlivepatch/jlp.jar'


class ActionModule(ActionBase):

    TRANSFERS_FILES = True

    def run(self, tmp=None, task_vars=None):
        result = super(ActionModule, self).run(tmp, task_vars)
        args = dict(self._task.args)
        try:
            if args.get('jar') and not boolean(args.get('remote_src', False), strict=False):
                args['jar'] = self._transfer(args['jar'])
            installed = {}
            if boolean(args.get('install_jlp', False), strict=False):
                installed = self._install_jlp(args, task_vars)
                if installed.get('failed'):
                    result.update(installed)
                    return result
            result.update(self._execute_module('jlivepatch.jvm.patch', module_args=args,
                                               task_vars=task_vars))
            if installed.get('changed'):
                result.update(changed=True, jlp_installed=installed.get('dest'))
        except AnsibleError as e:
            result.update(failed=True, msg=str(e))
        finally:
            self._remove_tmp_path(self._connection._shell.tmpdir)
        return result

    def _transfer(self, source):
        """Copies a controller file into the task's temporary directory on the host."""
        local = self._find_needle('files', source)
        remote = self._connection._shell.join_path(self._connection._shell.tmpdir,
                                                   os.path.basename(local))
        self._transfer_file(local, remote)
        self._fixup_perms2((self._connection._shell.tmpdir, remote))
        return remote

    def _install_jlp(self, args, task_vars):
        """Puts the controller's jlp_src at jlp on the host, unless it is there already.

        In check mode the module runs the copy it would install.
        """
        if not args.get('jlp_src'):
            return {'failed': True, 'msg': 'install_jlp: true needs jlp_src, the controller'
                                           ' path of jlp.jar'}
        copied = self._transfer(args['jlp_src'])
        args['jlp'] = args.get('jlp') or DEFAULT_JLP
        directory = self._execute_module('ansible.legacy.file', module_args={
            'path': os.path.dirname(args['jlp']), 'state': 'directory'}, task_vars=task_vars)
        if directory.get('failed'):
            return directory
        installed = self._execute_module('ansible.legacy.copy', module_args={
            'src': copied, 'dest': args['jlp'], 'remote_src': True, 'mode': '0644'},
            task_vars=task_vars)
        if self._task.check_mode and directory.get('changed'):
            installed = {'changed': True, 'dest': args['jlp']}
        if self._task.check_mode and installed.get('changed'):
            args['jlp'] = copied
        return installed
