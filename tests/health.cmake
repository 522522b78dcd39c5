# Tests of this area (paths relative to tests/).
