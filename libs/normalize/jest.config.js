module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'normalize',
  rootDir: __dirname,
};
