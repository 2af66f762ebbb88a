import type { Configuration } from 'webpack';
import 'webpack-dev-server';

const config: Configuration = {
  devServer: {
    port: Number(process.env.PORT) || 9000,
    proxy: { '/api': { target: 'http://localhost:8000', pathRewrite: { '^/api': '' } } },
  },
};

export default config;
