module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'service-change-calendar',
  rootDir: __dirname,
};
