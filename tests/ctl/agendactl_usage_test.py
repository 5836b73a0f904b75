#!/usr/bin/env python3
"""agendactl without a valid command: it names the commands there are, exit 2."""
import subprocess
import sys
import unittest

AGENDACTL = sys.argv[1] if len(sys.argv) > 1 else "build/daemon/app/agendactl"
COMMANDS = ("check, upcoming, status, next, reload, snooze, dismiss, watch, log, pause, resume, "
            "export, import, add, edit")


def run(*args):
    return subprocess.run([AGENDACTL, *args], capture_output=True, text=True, timeout=30,
                          env={"PATH": "/usr/bin", "TZ": "UTC", "HOME": "/nonexistent"})


class Usage(unittest.TestCase):
    def test_an_unknown_command_is_named_with_the_valid_ones(self):
        result = run("bogus")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stdout, "")
        self.assertEqual(result.stderr,
                         f'agendactl: "bogus" is not a command; the commands are: {COMMANDS}\n')

    def test_no_command_lists_them(self):
        for args in [(), ("--bogus",)]:
            with self.subTest(args=args):
                result = run(*args)
                self.assertEqual(result.returncode, 2)
                self.assertEqual(result.stderr, f"agendactl: a command is required: {COMMANDS} "
                                                "(see agendactl --help)\n")

    def test_log_and_pause_check_their_arguments_before_asking_the_daemon(self):
        # No session bus here: a usage error must come first, exit 2, not "not running".
        for args, error in [
                (("log", "--since", "soon"), 'agendactl: --since "soon" is not a span back'),
                (("pause", "1h", "--until", "14:00"),
                 "agendactl: give a SPAN or --until, not both"),
                (("pause", "--until", "2000-01-01"),
                 'agendactl: --until "2000-01-01" is not ahead')]:
            with self.subTest(args=args):
                result = run(*args)
                self.assertEqual(result.returncode, 2)
                self.assertTrue(result.stderr.startswith(error), result.stderr)

    def test_help_and_version_still_exit_0(self):
        self.assertEqual(run("--help").returncode, 0)
        self.assertEqual(run("--version").returncode, 0)


if __name__ == "__main__":
    unittest.main(argv=sys.argv[:1], verbosity=2)
