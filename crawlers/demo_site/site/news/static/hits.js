document.getElementById('hits')&&(document.getElementById('hits').textContent='1024');
