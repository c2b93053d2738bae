module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'platform-incident-history',
  rootDir: __dirname,
};
