export default function App( {
  fetch('/api/broken', { method: 'POST' }
  return <div>
