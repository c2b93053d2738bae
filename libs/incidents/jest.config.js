module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'incidents',
  rootDir: __dirname,
};
