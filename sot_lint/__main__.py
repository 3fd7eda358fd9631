from sot_lint.cli import run

run()
