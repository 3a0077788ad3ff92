from vngreg.cli import run

run()
