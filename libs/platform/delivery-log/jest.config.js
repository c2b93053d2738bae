module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'platform-delivery-log',
  rootDir: __dirname,
};
