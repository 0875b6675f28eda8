'use strict';
// Every test's temporary files go under one folder that is removed after the run, so repeated
// runs (and fuzz tests that copy data files many times) never fill the disk.
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stemflow-test-run-'));
  process.env.STEMFLOW_TEST_TMP = dir;
  process.env.TMPDIR = dir;
};
