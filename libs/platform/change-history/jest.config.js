module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'platform-change-history',
  rootDir: __dirname,
};
