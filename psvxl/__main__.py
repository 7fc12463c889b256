from psvxl.cli import main

if __name__ == "__main__":   # a spawned reader process (Windows, macOS) imports this module again
    main()
