module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'platform-dead-letters',
  rootDir: __dirname,
};
