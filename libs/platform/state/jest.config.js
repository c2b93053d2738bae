module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'platform-state',
  rootDir: __dirname,
};
