module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'service-ingest',
  rootDir: __dirname,
};
