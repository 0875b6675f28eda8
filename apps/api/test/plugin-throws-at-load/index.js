'use strict';
// A plugin whose top-level code fails, as one does when a file it reads at load is missing:
// the host must list it under /api/plugins/problems and serve the other plugins.
throw new Error('calibration table cal.json not found (fixture)');
