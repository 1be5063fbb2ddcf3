export default {
  docs: ['index', 'jira', 'other'],
};
