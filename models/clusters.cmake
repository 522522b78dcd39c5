# Sources of syncline_models owned by this area (paths relative to models/).
