module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'platform-service-kit',
  rootDir: __dirname,
};
