module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'correlation',
  rootDir: __dirname,
};
