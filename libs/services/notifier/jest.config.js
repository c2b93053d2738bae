module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'service-notifier',
  rootDir: __dirname,
};
