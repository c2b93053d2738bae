module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'service-incident-manager',
  rootDir: __dirname,
};
