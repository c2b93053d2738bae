module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'service-correlator',
  rootDir: __dirname,
};
