from amendtool.cli import run

run()
