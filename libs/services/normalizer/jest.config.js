module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'service-normalizer',
  rootDir: __dirname,
};
