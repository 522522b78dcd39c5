# Sources of syncline_ui owned by this area (paths relative to ui/).
