module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'service-deduper',
  rootDir: __dirname,
};
