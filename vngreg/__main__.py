from vngreg.cli import main

main()
