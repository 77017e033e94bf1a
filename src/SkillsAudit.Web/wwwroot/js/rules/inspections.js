// 双随机抽查: the ratios of a risk-weighted draw show only when that kind of draw is chosen.
const weighted = document.getElementById('risk-weighted');
const ratios = document.getElementById('ratios');
if (weighted && ratios) weighted.addEventListener('change', () => { ratios.hidden = !weighted.checked; });
