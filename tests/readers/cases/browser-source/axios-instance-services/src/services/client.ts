import axios from 'axios';

const api = axios.create({
  baseURL: process.env.REACT_APP_API_URL,
  withCredentials: true,
  headers: { Authorization: 'Token abc' },
});

export const getUsers = () => api.get('/users');
export const addUser = (user: User) => api.post('users/', user);
export const sendForm = (params: URLSearchParams) => api.post('/form', params);
export const ping = () => axios.get('http://127.0.0.1:5000/health?verbose=1');
export const raw = () => axios({ url: 'http://localhost:5000/raw', method: 'patch', data: { a: 1 } });
export const text = () => axios.post('http://localhost:5000/text', 'a=1');
