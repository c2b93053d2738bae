module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'killchain',
  rootDir: __dirname,
};
