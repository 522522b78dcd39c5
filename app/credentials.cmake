# Sources of the syncline executable owned by this area (paths relative to app/).
