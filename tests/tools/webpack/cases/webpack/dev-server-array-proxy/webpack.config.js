const path = require('path');
const HtmlWebpackPlugin = require('html-webpack-plugin');

module.exports = {
  mode: 'development',
  entry: './src/index.js',
  output: { path: path.resolve(__dirname, 'dist'), filename: 'bundle.js' },
  plugins: [new HtmlWebpackPlugin({ template: './public/index.html' })],
  devServer: {
    static: './dist',
    host: '127.0.0.1',
    port: 3000,
    hot: true,
    proxy: [
      { context: ['/api', '/auth'], target: 'http://localhost:5000', changeOrigin: true },
    ],
  },
};
