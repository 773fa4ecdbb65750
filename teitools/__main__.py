from teitools.cli import main

main()
