// 发布公告: a 公示期 that starts before today (China time) leaves the public less time to object than the period set;
// the confirmation before publishing says so, with the dates (the confirmation reads data-confirm when clicked).
const issue = document.getElementById('issue');
const from = document.getElementById('PublicFrom');
if (issue && from && issue.dataset.today) {
    const base = issue.dataset.confirm;
    const today = issue.dataset.today;
    const update = () => {
        const early = from.value && from.value < today;
        issue.dataset.confirm = (early ? `注意：公示期自 ${from.value} 开始，早于今天（${today}）：已过去的日子也计入公示期，公众提出异议的时间将少于所定期限。\n` : '') + base;
    };
    from.addEventListener('input', update);
    update();
}
