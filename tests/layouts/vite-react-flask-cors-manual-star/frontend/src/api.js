const API = import.meta.env.VITE_API_URL;

export const getGrades = () => fetch(`${API}/grades`).then((r) => r.json());
export const addGrade = (grade) =>
  fetch(`${API}/grades`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(grade) });
