from procdocs.cli import main

main()
