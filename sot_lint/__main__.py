from sot_lint.cli import main

raise SystemExit(main())
