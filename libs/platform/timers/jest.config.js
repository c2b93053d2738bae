module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'platform-timers',
  rootDir: __dirname,
};
