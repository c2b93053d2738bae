module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'platform-event-history',
  rootDir: __dirname,
};
