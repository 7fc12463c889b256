from psvxl.cli import main

main()
