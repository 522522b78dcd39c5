# Sources of syncline_core owned by this area (paths relative to core/).
