'use strict';
const { rmSync } = require('node:fs');

module.exports = async () => {
  if (process.env.STEMFLOW_TEST_TMP) rmSync(process.env.STEMFLOW_TEST_TMP, { recursive: true, force: true });
};
