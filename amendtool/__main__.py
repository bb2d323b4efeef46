from amendtool.cli import main

main()
